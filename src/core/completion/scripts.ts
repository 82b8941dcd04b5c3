// The shell side of completion: each script hands the words typed so far to the hidden
// `mqcli __complete -- <words…>` and offers what it prints, one candidate per line, then a last
// line `:0` (just these) or `:1` (file names). The logic stays in mqcli, as cobra does it.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# mqcli completion for bash. Load it with
#   source <(mqcli completion bash)
# in ~/.bashrc, or save it as ~/.local/share/bash-completion/completions/mqcli
_mqcli_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} directive candidate quoted
  local -a lines
  mapfile -t lines < <(command mqcli __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  ((\${#lines[@]} > 0)) || return 0
  directive=\${lines[-1]}
  unset 'lines[-1]'
  COMPREPLY=()
  if [[ $directive == :1 ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
  fi
  for candidate in "\${lines[@]}"; do
    printf -v quoted '%q' "$candidate"
    COMPREPLY+=("$quoted")
  done
}
complete -F _mqcli_complete mqcli
`;

const ZSH = `#compdef mqcli
# mqcli completion for zsh. Load it with
#   source <(mqcli completion zsh)
# in ~/.zshrc (after compinit), or save it as _mqcli in a folder of $fpath
_mqcli() {
  local -a lines
  lines=("\${(@f)$(command mqcli __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  (( \${#lines} > 0 )) || return 1
  local directive=\${lines[-1]}
  lines=("\${(@)lines[1,-2]}")
  if [[ $directive == :1 ]]; then
    _files
    return
  fi
  (( \${#lines} > 0 )) && compadd -- "\${lines[@]}"
}
if (( $+functions[compdef] )); then
  compdef _mqcli mqcli
else
  autoload -Uz compinit && compinit && compdef _mqcli mqcli
fi
`;

const FISH = `# mqcli completion for fish. Load it with
#   mqcli completion fish | source
# or save it as ~/.config/fish/completions/mqcli.fish
function __mqcli_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l lines (command mqcli __complete -- $words[2..-1] 2>/dev/null)
    test (count $lines) -gt 0; or return
    set -l directive $lines[-1]
    set -e lines[-1]
    if test "$directive" = ":1"
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\\n' $lines
end
complete -c mqcli -f -a '(__mqcli_complete)'
`;

/** The script to source for `shell`. */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}

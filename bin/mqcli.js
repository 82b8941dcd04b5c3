#!/usr/bin/env node
// A shim over the built CLI, so the package's bin stays tiny and the code lives in dist/.
import { run } from '../dist/index.js';

await run(process.argv);

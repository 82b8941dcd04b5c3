// Runs in every test file: the folders tempDir() made go when the file is done. Registered
// before the file's own hooks, so it runs after them (vitest runs afterAll hooks as a stack).
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp.js';

afterAll(removeTempDirs);

#!/usr/bin/env node
// Kinora is written in TypeScript and run directly: tsx compiles each module on first load (and
// caches it). The project's tsconfig is named explicitly so JSX compiles the same from any folder.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Kinora is written in TypeScript and run directly: tsx compiles each module on first load (and caches it).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

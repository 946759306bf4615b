#!/usr/bin/env node
require('node:module').enableCompileCache?.(); require('../dist/perk.cjs'); // CommonJS: see src/launch.ts

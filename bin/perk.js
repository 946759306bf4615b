#!/usr/bin/env node
import m from 'node:module'; m.enableCompileCache?.(); await import('../dist/main.js'); // V8 code cache on Node 22.1+

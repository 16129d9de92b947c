// The bundle's entry: what bin/iamkeys.js needs, and nothing else, so one file loads at start-up.
export { run } from './main.js';
export { processIO } from './input/io.js';

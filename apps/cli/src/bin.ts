#!/usr/bin/env node
import { runCli } from './index.js';

// The one place that touches the real process: wire Ctrl-C to an AbortSignal and set the exit code.
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts === 1) controller.abort();
  // A second Ctrl-C leaves at once, restoring the cursor the live view may have hidden.
  else {
    if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
    process.exit(130);
  }
});
// SIGTERM (a supervisor or `kill`) stops the same way, but exits 143 as shells expect of it.
let terminated = false;
process.on('SIGTERM', () => {
  terminated = true;
  controller.abort();
});

const stdout = process.stdout;
// `trialogue ask ... | head`: a closed pipe ends the run quietly.
stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: stdout.isTTY === true,
  get columns() {
    return stdout.columns;
  },
  get rows() {
    return stdout.rows;
  },
  signal: controller.signal,
});
// Exit once stdout has drained, without waiting for idle sockets of the keep-alive pool.
stdout.write('', () => process.exit(terminated && code === 130 ? 143 : code));

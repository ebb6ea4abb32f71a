import { parentPort, workerData } from 'node:worker_threads';
import { blockRunner, simulateBlock, SimConfig } from './monte-carlo.js';
import type { BlockReply, WorkerTask } from './parallel.js';

/**
 * A Monte Carlo worker thread: binds the decoder once (workerData.config, a
 * structured clone of the SimConfig; neural weights travel as plain JSON),
 * again on each bind task, and answers each block task with its counts. The block's noise comes from its
 * own substream, so which worker runs it does not matter.
 */
const port = parentPort;
if (port === null) throw new Error('worker.ts must run as a worker thread');
let runner = blockRunner((workerData as { config: SimConfig }).config);
port.on('message', (task: WorkerTask) => {
  if (task.kind === 'bind') {
    runner = blockRunner(task.config);
    return;
  }
  let reply: BlockReply;
  try {
    reply = { id: task.id, counts: simulateBlock(runner, task.ebn0Db, task.block, task.frames) };
  } catch (e) {
    reply = { id: task.id, error: (e as Error)?.stack ?? String(e) };
  }
  port.postMessage(reply);
});

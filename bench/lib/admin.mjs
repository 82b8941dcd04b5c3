// The harness's own amqplib connection: resets queues, fills them, counts them. Never timed.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import amqp from 'amqplib';

export async function openAdmin(url) {
  const connection = await amqp.connect(url);
  connection.on('error', () => {}); // a channel error below is reported by the promise that caused it
  let channel = await connection.createChannel();
  const confirm = await connection.createConfirmChannel();

  // A failed operation closes the channel; open a fresh one for the next call.
  const withChannel = async (fn) => {
    try {
      return await fn(channel);
    } catch (error) {
      channel = await connection.createChannel();
      throw error;
    }
  };

  return {
    /** The broker's version, from the connection's server properties. */
    version: String(connection.connection.serverProperties.version),

    /** Deletes the queue and declares it again, empty (durable classic by default). */
    async resetQueue(queue, options = { durable: true }) {
      await withChannel(async (ch) => {
        await ch.deleteQueue(queue);
        await ch.assertQueue(queue, options);
      });
    },

    async deleteQueue(queue) {
      await withChannel((ch) => ch.deleteQueue(queue));
    },

    async count(queue) {
      return withChannel(async (ch) => (await ch.checkQueue(queue)).messageCount);
    },

    /**
     * Waits until the queue holds exactly `expected` messages (a publisher without confirms can
     * exit before the queue has taken everything it sent). Throws when it does not get there.
     */
    async expectCount(queue, expected, what) {
      let count = -1;
      for (let attempt = 0; attempt < 100; attempt++) {
        count = await this.count(queue);
        if (count === expected) return;
        if (count > expected) break;
        await sleep(100);
      }
      throw new Error(`${what}: queue '${queue}' holds ${count} messages, expected exactly ${expected}`);
    },

    /** Publishes n copies of body to the queue on a confirm channel and waits for every confirm. */
    async fill(queue, n, body) {
      for (let i = 0; i < n; i++) {
        if (!confirm.sendToQueue(queue, body)) await once(confirm, 'drain');
      }
      await confirm.waitForConfirms();
      await this.expectCount(queue, n, 'fill');
    },

    async close() {
      await Promise.race([connection.close().catch(() => {}), sleep(2000)]);
    },
  };
}

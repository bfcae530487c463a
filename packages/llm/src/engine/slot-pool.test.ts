import { describe, expect, it } from "vitest";
import { SlotPool } from "./slot-pool";

const never = new AbortController().signal;

describe("SlotPool", () => {
  it("hands out free slots at once, then queues callers first come, first served", async () => {
    const pool = new SlotPool(["a", "b"]);
    const first = await pool.take(never);
    const second = await pool.take(never);
    expect(new Set([first, second])).toEqual(new Set(["a", "b"]));

    const positions: Record<string, number[]> = { third: [], fourth: [] };
    const third = pool.take(never, {
      onQueuePosition: (position) => positions.third?.push(position),
    });
    const fourth = pool.take(never, {
      onQueuePosition: (position) => positions.fourth?.push(position),
    });
    expect(pool.queueLength).toBe(2);

    pool.release(first);
    await expect(third).resolves.toBe(first);
    expect(positions).toEqual({ third: [1], fourth: [2, 1] });
    pool.release(second);
    await expect(fourth).resolves.toBe(second);
    expect(pool.queueLength).toBe(0);
  });

  it("lets a waiting caller give up, and moves those behind it forward", async () => {
    const pool = new SlotPool(["only"]);
    const held = await pool.take(never);
    const leaving = new AbortController();
    const positions: number[] = [];
    const gaveUp = pool.take(leaving.signal);
    const staying = pool.take(never, { onQueuePosition: (position) => positions.push(position) });

    leaving.abort(new Error("client left"));
    await expect(gaveUp).rejects.toThrow("client left");
    expect(pool.queueLength).toBe(1);
    expect(positions).toEqual([2, 1]);
    pool.release(held);
    await expect(staying).resolves.toBe("only");
  });

  it("refuses with busy beyond the queue depth, and admits again once there is room", async () => {
    const pool = new SlotPool(["only"], 1);
    const held = await pool.take(never);
    const waiting = pool.take(never);
    expect(pool.isFull).toBe(true);
    await expect(pool.take(never)).rejects.toMatchObject({ kind: "busy" });

    pool.release(held);
    await expect(waiting).resolves.toBe("only");
    expect(pool.isFull).toBe(false);
  });

  it("serves other users' first requests before a user's second one", async () => {
    const pool = new SlotPool(["only"]);
    const held = await pool.take(never, { userId: "alice" });
    const served: string[] = [];
    const take = (userId: string, label: string) =>
      pool.take(never, { userId }).then((slot) => {
        served.push(label);
        return slot;
      });
    const aliceSecond = take("alice", "alice-2");
    const aliceThird = take("alice", "alice-3");
    const bobFirst = take("bob", "bob-1");
    const carolFirst = take("carol", "carol-1");
    const bobSecond = take("bob", "bob-2");

    let slot = held;
    for (const next of [bobFirst, carolFirst, aliceSecond, bobSecond, aliceThird]) {
      pool.release(slot);
      slot = await next;
    }
    expect(served).toEqual(["bob-1", "carol-1", "alice-2", "bob-2", "alice-3"]);
  });

  it("hands out the free slot that comes first, so the slots in use stay packed at the front", async () => {
    const pool = new SlotPool([0, 1, 2, 3]);
    const taken = [await pool.take(never), await pool.take(never), await pool.take(never)];
    expect(taken).toEqual([0, 1, 2]);
    pool.release(1);
    pool.release(0);
    expect(await pool.take(never)).toBe(0);
    expect(await pool.take(never)).toBe(1);
    expect(await pool.take(never)).toBe(3);
  });

  it("refuses beyond the queue with busy and a retry time from how long slots are held", async () => {
    const pool = new SlotPool(["a", "b"], 0);
    const first = await pool.take(never);
    await pool.take(never);
    expect(pool.isFull).toBe(true);
    // Nothing given back yet: no measurement, so the default retry time.
    await expect(pool.take(never)).rejects.toMatchObject({ kind: "busy", retryAfterSeconds: 5 });
    pool.release(first);
    await pool.take(never);
    // Held for milliseconds: retry in the shortest time a Retry-After can say.
    expect(pool.busyError()).toMatchObject({ kind: "busy", retryAfterSeconds: 1 });
    expect(pool.busyError().message).toContain("2 requests are being answered and 0 wait");
  });
});

import { describe, expect, it } from "vitest";
import { SlotPool } from "./slot-pool";

describe("SlotPool", () => {
  it("hands out free slots at once, then queues callers first come, first served", async () => {
    const pool = new SlotPool(["a", "b"]);
    const never = new AbortController().signal;
    const first = await pool.take(never);
    const second = await pool.take(never);
    expect(new Set([first, second])).toEqual(new Set(["a", "b"]));

    const positions: Record<string, number[]> = { third: [], fourth: [] };
    const third = pool.take(never, (position) => positions.third?.push(position));
    const fourth = pool.take(never, (position) => positions.fourth?.push(position));
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
    const never = new AbortController().signal;
    const held = await pool.take(never);
    const leaving = new AbortController();
    const positions: number[] = [];
    const gaveUp = pool.take(leaving.signal);
    const staying = pool.take(never, (position) => positions.push(position));

    leaving.abort(new Error("client left"));
    await expect(gaveUp).rejects.toThrow("client left");
    expect(positions).toEqual([2, 1]);
    pool.release(held);
    await expect(staying).resolves.toBe("only");
  });
});

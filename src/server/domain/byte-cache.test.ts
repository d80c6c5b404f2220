import { describe, expect, it } from 'vitest';
import { ByteCache } from './byte-cache.js';

describe('ByteCache', () => {
  it('keeps the most recently used entries within its byte budget', () => {
    const c = new ByteCache(100);
    c.set('a', Buffer.alloc(20, 1));
    c.set('b', Buffer.alloc(20, 2));
    c.set('c', Buffer.alloc(20, 3));
    expect(c.get('a')?.[0]).toBe(1); // a is now the most recent
    c.set('d', Buffer.alloc(20, 4));
    c.set('e', Buffer.alloc(20, 5)); // 100 bytes: all fit
    expect(c.size).toEqual({ entries: 5, bytes: 100 });
    c.set('f', Buffer.alloc(20, 6)); // b, the least recently used, goes
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')?.[0]).toBe(1);
    expect(c.size.bytes).toBeLessThanOrEqual(100);
  });
  it('does not keep values larger than a quarter of the budget, and replaces a key', () => {
    const c = new ByteCache(100);
    c.set('big', Buffer.alloc(30));
    expect(c.get('big')).toBeUndefined();
    c.set('k', Buffer.alloc(10, 1));
    c.set('k', Buffer.alloc(5, 2));
    expect(c.get('k')).toEqual(Buffer.alloc(5, 2));
    expect(c.size).toEqual({ entries: 1, bytes: 5 });
  });
  it('answers a tagged entry only for the same tag, and keeps one entry per key', () => {
    const c = new ByteCache(100);
    c.set('m', Buffer.alloc(10, 1), 'status:draft');
    expect(c.get('m', 'status:draft')?.[0]).toBe(1);
    expect(c.get('m', 'status:approved')).toBeUndefined();
    expect(c.get('m')).toBeUndefined();
    c.set('m', Buffer.alloc(10, 2), 'status:approved');
    expect(c.get('m', 'status:approved')?.[0]).toBe(2);
    expect(c.get('m', 'status:draft')).toBeUndefined();
    expect(c.size).toEqual({ entries: 1, bytes: 10 + 'status:approved'.length });
  });
});

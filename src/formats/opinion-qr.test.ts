import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { opinionQrPng, opinionQrSvg } from './opinion-qr.js';

const url = 'https://jianshi.example.org/o/3q2-Zr8mXcVb1pLkT0aWyN5sFhD7eJ4uQiGo6BnKtYc';

describe('opinion link QR code', () => {
  it('PNG of the requested width with the quiet zone, error correction M', async () => {
    const png = await opinionQrPng(url, { width: 400 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(400); // IHDR width
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    expect(qr.errorCorrectionLevel.bit).toBe(0); // M
    expect(qr.segments.map((s) => (s as unknown as { data: Uint8Array | string }).data).length).toBeGreaterThan(0);
  });

  it('SVG for printing; rejects what is not an http(s) link', async () => {
    const svg = await opinionQrSvg(url);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    await expect(opinionQrPng('javascript:alert(1)')).rejects.toThrow('二维码链接须为 http(s) 地址。');
    await expect(opinionQrSvg('not a url')).rejects.toThrow('二维码链接无效。');
  });
});

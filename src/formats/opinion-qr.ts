/**
 * The opinion link as a QR code to print on the 征求意见表 or post next to the 意见箱. The link
 * carries the collection's random token (only its HMAC is stored), so the printed code *is* the
 * credential: rotate the link to revoke it.
 *
 *   const png = await opinionQrPng('https://jianshi.example/o/Ab3…');   // Buffer
 *   const svg = await opinionQrSvg(url);                                // string
 */
import QRCode from 'qrcode';

export interface QrOptions {
  /** Pixel width of the PNG (default 600: about 5 cm at 300 dpi). */
  width?: number;
  /** Quiet zone in modules (default 4, as the standard asks). */
  margin?: number;
}

function check(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError('二维码链接无效。');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RangeError('二维码链接须为 http(s) 地址。');
  if (url.length > 1000) throw new RangeError('二维码链接过长。');
}

/** Error correction M: survives smudges and folds of a printed form, keeps the code small. */
export async function opinionQrPng(url: string, opts: QrOptions = {}): Promise<Buffer> {
  check(url);
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    width: opts.width ?? 600,
    margin: opts.margin ?? 4,
  });
}

export async function opinionQrSvg(url: string, opts: QrOptions = {}): Promise<string> {
  check(url);
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: opts.margin ?? 4 });
}

/** The errors of a .docx that is not one, or that expands beyond its budget. */
import { JianshiError } from '../../core/errors.js';

export function notDocx(detail?: string): JianshiError {
  return new JianshiError('E_NOT_DOCX', undefined, detail ? { detail } : undefined);
}

export function bomb(detail: string): JianshiError {
  return new JianshiError('E_DOCX_BOMB', undefined, { detail });
}

/**
 * The one HTTP client of the front end. JSON in and out; errors come back from the server as
 * `{ code, message }` and are thrown as ApiError (message already in Chinese). Every state-changing
 * request carries the CSRF token (header `X-CSRF-Token`, see src/server/auth/tokens.ts), which the
 * client learns from the login response or GET /api/auth/me.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrf: string | null = null;
export function setCsrfToken(t: string | null | undefined) {
  csrf = t ?? null;
}

type Listener = () => void;
const unauthListeners = new Set<Listener>();
/** Called when a request answers 401 (the session expired): the app shows the login page. */
export function onUnauthenticated(l: Listener): () => void {
  unauthListeners.add(l);
  return () => unauthListeners.delete(l);
}

const FALLBACK: Record<number, string> = {
  400: '提交的数据不符合要求。',
  401: '请先登录。',
  403: '没有权限执行此操作。',
  404: '未找到请求的对象（该功能可能尚未开放）。',
  409: '数据已被他人修改或当前状态不允许此操作，请刷新后重试。',
  413: '文件过大。',
  415: '不支持的文件格式。',
  429: '尝试次数过多，请稍后再试。',
  500: '服务器内部错误，请稍后再试。',
  502: '无法连接服务器，请确认服务已启动。',
  503: '服务暂时不可用，请稍后再试。',
};

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Return the raw Response (downloads). */
  raw?: boolean;
}

function url(path: string, query?: RequestOptions['query']) {
  const q = query ? Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '') : [];
  return q.length ? `${path}?${new URLSearchParams(q.map(([k, v]) => [k, String(v)]))}` : path;
}

type EarlyWindow = { __jianshiEarly?: Record<string, Promise<Response> | undefined> };

/**
 * Answers started by public/boot.js before the application loaded; each is taken once, and only
 * by the first render (within a few seconds of loading). A later request — after a login, say —
 * always asks the server anew, so an answer fetched under another session is never used.
 */
function takeEarly(path: string): Promise<Response> | undefined {
  const early = (window as EarlyWindow).__jianshiEarly;
  if (!early) return undefined;
  if (performance.now() > 5000) {
    dropEarly();
    return undefined;
  }
  const r = early[path];
  if (r) early[path] = undefined;
  return r;
}

/** Forget the early answers (the session changed: login, logout, expiry). */
export function dropEarly(): void {
  (window as EarlyWindow).__jianshiEarly = undefined;
}

export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  // The server wants the header on every change; before login any value is accepted.
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf ?? 'login';
  let res: Response;
  try {
    const early = method === 'GET' && !opts.query && !opts.raw ? takeEarly(path) : undefined;
    res = await (early ??
      fetch(url(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal }));
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'E_NETWORK', '无法连接服务器，请检查网络或确认服务已启动。');
  }
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = FALLBACK[res.status] ?? `请求失败（${res.status}）。`;
    let details: unknown;
    try {
      const j = await res.json();
      if (j && typeof j === 'object') {
        code = j.code ?? code;
        message = j.message ?? message;
        details = j.details;
      }
    } catch {
      /* not JSON */
    }
    if (res.status === 401 && !path.startsWith('/api/auth/')) {
      dropEarly();
      unauthListeners.forEach((l) => l());
    }
    throw new ApiError(res.status, code, message, details);
  }
  if (opts.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const ct = res.headers.get('content-type') ?? '';
  return (ct.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query']) => request<T>(path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body: body ?? {} }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

/**
 * A route the server does not have (yet): its 404 names the method and path ("…（GET /api/x）"),
 * unlike a 404 for a missing object. Pages show a calm "not available yet" state for these.
 */
export function isMissingRoute(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    (e.status === 501 ||
      (e.status === 404 && (e.code.startsWith('HTTP_') || /（(GET|POST|PUT|PATCH|DELETE) \/api\//.test(e.message))))
  );
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

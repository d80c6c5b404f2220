/**
 * The pages opened most often by a link or a reload: their chunks are fetched while the application
 * itself loads. The HTML preloads them (web/vite.config.ts reads this list and writes, into
 * index.html, which built files each page needs), and App.tsx starts the matching import at once.
 * Patterns are strings so that the build can read them; modules are paths under web/src.
 */
export const EARLY_ROUTES = [
  { pattern: '^/materials/[^/]+/review/?$', module: 'features/review/ReviewPage' },
  { pattern: '^/materials/[^/]+/?$', module: 'features/editor/EditorPage' },
  { pattern: '^/meetings/(?!new/?$)[^/]+/?$', module: 'features/meetings/MeetingPage' },
  { pattern: '^/login/?$', module: 'features/login/LoginPage' },
  { pattern: '^/$', module: 'features/home/HomePage' },
] as const;

export type EarlyModule = (typeof EARLY_ROUTES)[number]['module'];

/** The early page of a path, if it has one. */
export function earlyModuleOf(path: string): EarlyModule | null {
  return EARLY_ROUTES.find((r) => new RegExp(r.pattern).test(path))?.module ?? null;
}

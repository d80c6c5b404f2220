/** Log in / out, who am I, password change. */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import {
  changePassword,
  DEVICE_COOKIE,
  DEVICE_COOKIE_PATH,
  DEVICE_TTL_MS,
  login,
  logout,
} from '../../domain/accounts.js';
import { SESSION_COOKIE } from '../../auth/tokens.js';
import { Ok } from '../schemas.js';
import { LoginAnswerSchema, LoginBodySchema, MeSchema, PasswordChangeSchema } from '../../../contract/auth.js';

export async function authRoutes(app: ZApp, ctx: RouteContext) {
  const { services, config } = ctx;
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录',
        security: [],
        body: LoginBodySchema,
        response: { 200: LoginAnswerSchema },
      },
    },
    async (req, reply) => {
      const r = await login(services, { ...req.body, ip: req.ip, deviceToken: req.cookies?.[DEVICE_COOKIE] });
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        maxAge: Math.floor(config.sessionTtlMs / 1000),
      });
      // Known device (domain/accounts.ts, DEVICE_RULE): sent back only to the login route.
      reply.setCookie(DEVICE_COOKIE, r.deviceToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: DEVICE_COOKIE_PATH,
        maxAge: Math.floor(DEVICE_TTL_MS / 1000),
      });
      return { person: r.person, csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await logout(services, actor, req.auth!.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户、角色与 CSRF 令牌',
        response: { 200: MeSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return { person: actor.person, memberships: [...actor.memberships], csrfToken: req.auth!.csrfToken };
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码（其他会话随之失效）',
        body: PasswordChangeSchema,
        response: { 200: Ok },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await changePassword(services, actor, req.auth!.sessionId, req.body);
      return { ok: true as const };
    },
  );
}

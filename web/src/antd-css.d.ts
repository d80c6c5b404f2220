/** A part of antd's stylesheet (web/vite.config.ts, antdCssByComponent). */
declare module 'jianshi:antd-css/*';

/*
 * Runs while the HTML is parsed, before the application's modules have loaded: starts the first
 * API reads at once (the session, and the material when a material is being opened), so that
 * they travel in parallel with the JavaScript instead of after it. The API client
 * (src/api/client.ts) takes each answer once; nothing else uses window.__jianshiEarly.
 */
(function () {
  // The anonymous opinion form and the invitation page never send the session cookie anywhere.
  if (!window.fetch || location.pathname === '/o' || location.pathname === '/invite') return;
  var early = {};
  var get = function (path) {
    early[path] = fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    early[path].catch(function () {});
  };
  get('/api/auth/me');
  var m = /^\/materials\/([0-9A-Za-z-]{1,80})(?:\/review)?\/?$/.exec(location.pathname);
  if (m) get('/api/materials/' + m[1]);
  window.__jianshiEarly = early;
})();

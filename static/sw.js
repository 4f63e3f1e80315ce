// Klucznik's service worker: after the first visit the app opens without network.
// Network first (always the newest app when online), the cache when offline. KSeF calls through
// the relay (/sim/, /test/, /demo/, /prod/) are never cached: they carry tokens.
const CACHE = "klucznik-v1";
const API = /^\/(sim|test|demo|prod)\//;
// Trunk hashes the first-visit app's file names; the full app's and the worker's are fixed.
const FIXED = [
  "/", "/klucznik-app.js", "/klucznik-app_bg.wasm",
  "/keygen-worker_loader.js", "/keygen-worker.js", "/keygen-worker_bg.wasm",
];

async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch("/", { cache: "no-store" });
  if (!index.ok) throw new Error(`index.html: ${index.status}`);
  const html = await index.clone().text();
  const linked = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css|svg))"/g)].map((m) => m[1]);
  // All or nothing: a partial cache would open offline without the full app or the worker.
  // A failed install is tried again at the next visit.
  await cache.addAll([...new Set([...FIXED.slice(1), ...linked])]);
  await cache.put("/", index);
}

self.addEventListener("install", (e) => e.waitUntil(precache().then(() => self.skipWaiting())));

self.addEventListener("activate", (e) =>
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  ),
);

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== self.location.origin || API.test(url.pathname)) {
    return;
  }
  // Every route of the single-page app is the same document.
  const key = e.request.mode === "navigate" ? "/" : e.request;
  e.respondWith(
    fetch(e.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(key, copy));
        }
        return response;
      })
      // A retried load of the full app (`?try=N`) is the same file.
      .catch(() => caches.match(key, { ignoreSearch: url.pathname.startsWith("/klucznik-app") }))
      .then((hit) => hit || Response.error()),
  );
});

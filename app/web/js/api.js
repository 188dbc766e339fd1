// The only way the client talks to the server: the public /v1 API, with a bearer token
// kept in sessionStorage. Errors are RFC 9457 problems, thrown as ApiError.

const TOKEN_KEY = "methodisch.token";

export const session = {
  me: null,
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    this.me = null;
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === "object" ? problem : {};
    super(p.detail || p.title || `HTTP ${status}`);
    this.status = status;
    this.problem = p;
  }
  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
  get unmet() {
    return Array.isArray(this.problem.unmet) ? this.problem.unmet : [];
  }
}

let unauthorizedHandler = () => {};
let enrolmentHandler = () => {};
/**
 * What to do on a 401: `signedOut` when the token no longer counts (the session is cleared);
 * `enrolment` when it counts only to set up two-factor login, because the practice began to
 * require it while this session was open (the token is kept, and who we are is read again).
 */
export function onUnauthorized(signedOut, enrolment) {
  unauthorizedHandler = signedOut;
  enrolmentHandler = enrolment;
}

function refused(problem) {
  if (problem && problem.type === "/problems/totp-enrolment-required") {
    session.me = null;
    enrolmentHandler();
  } else {
    session.clear();
    unauthorizedHandler();
  }
}

/**
 * api("GET", "/v1/episodes", {query, body, etag}) -> {data, etag, status}
 * etag goes out as If-Match; the response's ETag comes back.
 */
export async function api(method, path, { body, etag, query } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (etag) headers["If-Match"] = etag;
  let url = path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      title: "Geen verbinding",
      detail: "De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.",
    });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text };
    }
  }
  if (res.status === 401 && path !== "/v1/auth/login") {
    refused(data);
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return { data, etag: res.headers.get("ETag"), status: res.status };
}

/**
 * A document the API answers in another media type than JSON (a bericht as HTML or PDF):
 * apiDocument(path, "application/pdf") -> Blob. Errors are problems, thrown as ApiError like api().
 */
export async function apiDocument(path, accept) {
  const headers = { Accept: `${accept}, application/problem+json;q=0.5` };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, {
      title: "Geen verbinding",
      detail: "De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.",
    });
  }
  if (!res.ok) {
    let data = null;
    try {
      data = JSON.parse(await res.text());
    } catch {
      data = null;
    }
    if (res.status === 401) refused(data);
    throw new ApiError(res.status, data);
  }
  return res.blob();
}

// Small caches for data that does not change during a session.
const cache = new Map();
export async function cached(key, load) {
  if (!cache.has(key)) {
    const p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return cache.get(key);
}
export function clearCache() {
  cache.clear();
}

export const workflows = () => cached("workflows", async () => (await api("GET", "/v1/workflows")).data);

export function workflow(definitionVersion) {
  const [profile, version] = definitionVersion.split("@");
  return cached(`wf:${definitionVersion}`, async () => {
    const q = version ? { version } : undefined;
    return (await api("GET", `/v1/workflows/${encodeURIComponent(profile)}`, { query: q })).data;
  });
}

/** This server (GET /v1/about): its version, and whether it is a demonstration server. */
export const about = () => cached("about", async () => (await api("GET", "/v1/about")).data);

export const instruments = () =>
  cached("instruments", async () => (await api("GET", "/v1/instruments")).data);

export const instrument = (code) =>
  cached(`instr:${code}`, async () => (await api("GET", `/v1/instruments/${encodeURIComponent(code)}`)).data);

export const therapists = () =>
  cached("therapists", async () => {
    try {
      return (await api("GET", "/v1/therapists", { query: { limit: 200 } })).data.items;
    } catch (e) {
      if (e.status === 403) return [];
      throw e;
    }
  });

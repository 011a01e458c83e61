/** The HTTP status a contract error travels with; the body ({ code, message }) is what clients read. */
const STATUS: Record<string, number> = {
  invalid_input: 400,
  bad_request: 400,
  invalid_credentials: 401,
  not_logged_in: 401,
  session_expired: 401,
  host_token_invalid: 401,
  host_session_unknown: 401,
  forbidden: 403,
  unknown_method: 404,
  mutation_gap: 409,
  internal: 500,
  bad_server_response: 502,
  server_error: 502,
  server_unreachable: 503,
  vault_unavailable: 503,
};

/** Codes passed through from the sync server (e.g. rate limits) are client errors unless known otherwise. */
export function httpStatusFor(code: string): number {
  return STATUS[code] ?? 400;
}

import "server-only";

/**
 * The apps some sessions were signed in to, by name (a jsonb array, sorted): what "also signed out
 * of Team Wiki and Grafana" names when those sessions end. `dkSessionIdIs` picks the sessions, as
 * a condition on the grant's session: `IN (SELECT id FROM s)`, `= ANY($1::uuid[])`. Read it in the
 * statement that ends them, or before: ending a session deletes its grants (the Session trigger).
 */
export const appsOfSessionsSql = (dkSessionIdIs: string) =>
  `(SELECT coalesce(jsonb_agg(DISTINCT c.name ORDER BY c.name), '[]'::jsonb)
      FROM "OidcPayload" g JOIN "OidcClient" c ON c.id = g."clientId"
     WHERE g.model = 'Grant' AND g."dkSessionId" ${dkSessionIdIs})`;

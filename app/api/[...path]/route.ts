import { jsonError } from "@/server/api/json";

// Unknown API routes answer JSON, never the HTML 404 page.
const notFound = () => jsonError(404, "not_found", "No API route matches this path.");
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

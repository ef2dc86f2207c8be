import type { NextRequest } from "next/server";
import { apiError, familyOfPath } from "@/server/api/api-error";

// Unknown API routes answer JSON (in the error shape of the API family the path looks like), never the HTML 404 page.
const notFound = async (req: NextRequest) => apiError(familyOfPath(req.nextUrl.pathname), 404, "No API route matches this path.");
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };

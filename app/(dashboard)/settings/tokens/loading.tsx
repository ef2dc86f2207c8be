import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function TokensLoading() {
  return <PageSkeleton label="Loading your API tokens…" blocks={["h-36", "h-28"]} />;
}

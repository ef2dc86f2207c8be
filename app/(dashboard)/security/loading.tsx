import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function SecurityLoading() {
  return <PageSkeleton label="Loading your security settings…" blocks={["h-40", "h-56", "h-36"]} />;
}

import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function SecurityLoading() {
  return <PageSkeleton label="Loading your security settings…" blocks={[40, 56, 36]} />;
}

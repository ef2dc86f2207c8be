import type { AdminUser, AdminUserDetail } from "@/lib/admin";
import type { AdminUserActions } from "@/components/admin/types";
import { AdminUserDevices } from "@/components/admin/admin-user-devices";
import { AdminSecondFactors } from "@/components/admin/admin-second-factors";
import { AdminUserTokens } from "@/components/admin/admin-user-tokens";
import { AdminUserHistory } from "@/components/admin/admin-user-history";
import { AdminTemporaryAccessCode } from "@/components/admin/admin-temporary-access-code";
import { PageSkeleton } from "@/components/ui/page-skeleton";

type Props = {
  user: AdminUser;
  /** Still being read: this part of the page streams in when it answers. */
  detail: Promise<AdminUserDetail>;
  actions: AdminUserActions;
  /** The administrator reading the page, and how long a temporary access code they issue lasts. */
  viewerId: string;
  temporaryCodeMinutes: number;
};

/** Everything the admin user page lists below the user's name and settings. */
export async function AdminUserRecords({ user, detail, actions, viewerId, temporaryCodeMinutes }: Props) {
  const d = await detail;
  return (
    <>
      <AdminUserDevices
        user={user}
        devices={d.devices}
        actions={actions.device}
        security={d.security}
        emailsUser={viewerId !== user.id && !user.disabled}
      />
      <AdminSecondFactors user={user} security={d.security} actions={actions} />
      <AdminTemporaryAccessCode
        user={user}
        live={d.security.temporaryAccessCode}
        minutes={temporaryCodeMinutes}
        self={viewerId === user.id}
        actions={actions}
      />
      <AdminUserTokens user={user} tokens={d.apiTokens} revoke={actions.revokeToken} />
      <AdminUserHistory userName={user.name} userEmail={user.email} items={d.activity} />
    </>
  );
}

export function AdminUserRecordsSkeleton({ name }: { name: string }) {
  return (
    <div className="mt-8">
      <PageSkeleton label={`Loading the devices, second factors and history of ${name}…`} title={false} blocks={["h-36", "h-36", "h-48"]} />
    </div>
  );
}

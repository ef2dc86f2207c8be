import type { ConfirmAction } from "@/components/ui/confirm-action-button";

/** The admin server actions on one device of a user; each takes `{ userId, id }` (the device's or the session's id). */
export type AdminDeviceActions = {
  untrust: ConfirmAction;
  invalidate: ConfirmAction;
  remove: ConfirmAction;
  /** "Lost device": ends it and removes the second factors enrolled on it. */
  lost: ConfirmAction;
  revokeSession: ConfirmAction;
};

/** The admin server actions of the user page, as the page hands them to its components. */
export type AdminUserActions = {
  signOutEverywhere: ConfirmAction;
  enable: ConfirmAction;
  disable: ConfirmAction;
  resetOath: ConfirmAction;
  resetPush: ConfirmAction;
  revokeRecoveryCodes: ConfirmAction;
  deletePasskey: ConfirmAction;
  deleteBoundDevice: ConfirmAction;
  revokeToken: ConfirmAction;
  /** Answers `{ code, expiresAt }` besides its message: the code, shown once. */
  issueTemporaryCode: ConfirmAction;
  endTemporaryCode: ConfirmAction;
  device: AdminDeviceActions;
};

/** Whose things an admin view shows: named in every confirmation. */
export type AdminTarget = { id: string; name: string; email: string };

import type { AdminDeviceActions, AdminUserActions } from "@/components/admin/types";
import {
  adminDeleteDeviceAction,
  adminInvalidateDeviceAction,
  adminMarkDeviceLostAction,
  adminRevokeSessionAction,
  adminRevokeUserTokenAction,
  adminUntrustDeviceAction,
  deleteBoundDeviceAction,
  deletePasskeyAction,
  disableUserAction,
  enableUserAction,
  endTemporaryAccessCodeAction,
  issueTemporaryAccessCodeAction,
  resetOathAction,
  resetPushAction,
  revokeRecoveryCodesAction,
  signOutEverywhereAction,
} from "./actions";

/** An administrator's actions on a user's device, as the user page and the device's admin page hand them to the UI. */
export const adminDeviceActions: AdminDeviceActions = {
  untrust: adminUntrustDeviceAction,
  invalidate: adminInvalidateDeviceAction,
  remove: adminDeleteDeviceAction,
  lost: adminMarkDeviceLostAction,
  revokeSession: adminRevokeSessionAction,
};

export const adminUserActions: AdminUserActions = {
  signOutEverywhere: signOutEverywhereAction,
  enable: enableUserAction,
  disable: disableUserAction,
  resetOath: resetOathAction,
  resetPush: resetPushAction,
  revokeRecoveryCodes: revokeRecoveryCodesAction,
  deletePasskey: deletePasskeyAction,
  deleteBoundDevice: deleteBoundDeviceAction,
  revokeToken: adminRevokeUserTokenAction,
  issueTemporaryCode: issueTemporaryAccessCodeAction,
  endTemporaryCode: endTemporaryAccessCodeAction,
  device: adminDeviceActions,
};

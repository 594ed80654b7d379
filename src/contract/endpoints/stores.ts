import { defineEndpoints } from "../endpoint";
import {
  ConsoleStaff,
  ConsoleStaffList,
  ConsoleStore,
  StoreAdminList,
  InviteAccepted,
  InviteCreate,
  InviteCreated,
  InvitePreview,
  InviteToken,
  PublicStoreList,
  StaffActivity,
  StaffIdParam,
  StaffUpdate,
  StoreIdParam,
  StoreInput,
} from "../stores";
import { z } from "zod";

/** Stores and cashiers (issue 16): the console's administration, the Mini App's store list and invite. */
export const storeEndpoints = defineEndpoints({
  listStores: { method: "get", path: "/stores", response: PublicStoreList },
  previewStaffInvite: { method: "post", path: "/staff-invites/preview", body: InviteToken, response: InvitePreview },
  acceptStaffInvite: { method: "post", path: "/staff-invites/accept", body: InviteToken, response: InviteAccepted },
});

export const storeConsoleEndpoints = defineEndpoints({
  storeAdminList: { method: "get", path: "/console/store-admin", response: StoreAdminList },
  createStore: { method: "post", path: "/console/stores", body: StoreInput, response: ConsoleStore, status: [201] },
  updateStore: { method: "put", path: "/console/stores/{storeId}", params: StoreIdParam, body: StoreInput, response: ConsoleStore },
  consoleStaff: { method: "get", path: "/console/staff", response: ConsoleStaffList },
  updateStaff: { method: "patch", path: "/console/staff/{userId}", params: StaffIdParam, body: StaffUpdate, response: ConsoleStaff },
  staffActivity: { method: "get", path: "/console/staff/{userId}/activity", params: StaffIdParam, response: StaffActivity },
  createStaffInvite: { method: "post", path: "/console/staff-invites", body: InviteCreate, response: InviteCreated, status: [201] },
  revokeStaffInvite: {
    method: "delete",
    path: "/console/staff-invites/{inviteId}",
    params: z.object({ inviteId: z.uuid() }),
    response: null,
    status: [204],
  },
});

/**
 * The zmp-sdk APIs the first route calls, loaded on demand through platform/zalo-sdk.ts. A
 * dynamic import of "zmp-sdk/apis" itself would keep every API of the package (Rollup cannot
 * tree-shake a namespace it hands out whole): 60 KB gzip instead of 34.
 */
export { EventName, events, getAccessToken, nativeStorage, setNavigationBarTitle } from "zmp-sdk/apis";

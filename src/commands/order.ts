/**
 * `perk order add|list|confirm|set|remove|import`: the order log. The rules (expected cash back, what
 * needs action, promos, offers, gift cards) live in src/core; this module resolves what the user typed
 * into records, writes in one transaction and prints. The code is in src/commands/order/: resolve (the
 * OrderResolver), add, list, change (confirm/set/remove) and import; every name is re-exported here.
 */
export { FieldError, OrderResolver, type OrderRequest, type ResolvedOrder } from './order/resolve.js';
export { orderAddJson, runOrderAdd, type OrderAddOptions, type OrderAddResult } from './order/add.js';
export { runOrderList, type ListedOrder, type OrderListOptions } from './order/list.js';
export {
  runOrderConfirm,
  runOrderRemove,
  runOrderSet,
  type OrderConfirmOptions,
  type OrderRemoveOptions,
  type OrderSetOptions,
} from './order/change.js';
export { IMPORT_COLUMNS, runOrderImport, type OrderImportOptions, type OrderImportResult } from './order/import.js';

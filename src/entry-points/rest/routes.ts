import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../core/use-cases.js';
import { registerJobsSummary } from './admin/jobs-summary.js';
import { registerLogin } from './auth/login.js';
import { registerLogout } from './auth/logout.js';
import { registerLogoutAll } from './auth/logout-all.js';
import { registerMe } from './auth/me.js';
import { registerRefresh } from './auth/refresh.js';
import { refuseNonJsonBodies } from './json-bodies-only.js';
import { answerUnservedMethods } from './method-not-allowed.js';
import { registerCancelOrder } from './orders/cancel-order.js';
import { registerGetOrder } from './orders/get-order.js';
import { registerListOrders } from './orders/list-orders.js';
import { registerPlaceOrder } from './orders/place-order.js';
import { registerSetOrderStatus } from './orders/set-order-status.js';
import { registerCreateProduct } from './products/create-product.js';
import { registerGetProduct } from './products/get-product.js';
import { registerListProducts } from './products/list-products.js';
import { registerRestockProduct } from './products/restock-product.js';
import { registerUpdateProduct } from './products/update-product.js';
import { registerSalesReport } from './reports/sales-report.js';
import { registerDownloadSalesExport, registerGetSalesExport, registerRequestSalesExport } from './reports/sales-exports.js';
import { useStrictValidation } from './request-validation.js';
import { registerCreateUser } from './users/create-user.js';
import { registerDeleteUser } from './users/delete-user.js';
import { registerGetUser } from './users/get-user.js';
import { registerListUsers } from './users/list-users.js';
import { registerUpdateUser } from './users/update-user.js';

/**
 * The REST API (CONTRACT.md, "REST, under /api"). `app` is the encapsulated
 * instance registered with the /api prefix, so the hooks and the validator set
 * here apply to these routes only. Errors reach the server's shared handler,
 * which owns the HTTP status table.
 */
export function registerRestRoutes(app: FastifyInstance, useCases: UseCases): void {
  useStrictValidation(app);
  answerUnservedMethods(app);
  app.addHook('onRequest', refuseNonJsonBodies);

  registerCreateUser(app, useCases);
  registerListUsers(app, useCases);
  registerGetUser(app, useCases);
  registerUpdateUser(app, useCases);
  registerDeleteUser(app, useCases);

  registerMe(app, useCases);
  registerLogin(app, useCases);
  registerRefresh(app, useCases);
  registerLogout(app, useCases);
  registerLogoutAll(app, useCases);

  registerListProducts(app, useCases);
  registerGetProduct(app, useCases);
  registerCreateProduct(app, useCases);
  registerUpdateProduct(app, useCases);
  registerRestockProduct(app, useCases);

  registerListOrders(app, useCases);
  registerGetOrder(app, useCases);
  registerPlaceOrder(app, useCases);
  registerCancelOrder(app, useCases);
  registerSetOrderStatus(app, useCases);

  registerSalesReport(app, useCases);
  registerRequestSalesExport(app, useCases);
  registerGetSalesExport(app, useCases);
  registerDownloadSalesExport(app, useCases);

  registerJobsSummary(app, useCases);
}

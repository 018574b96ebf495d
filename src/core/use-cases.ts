import type { AccessTokens } from './auth/access-tokens.js';
import { Authenticate } from './auth/authenticate.js';
import { Login } from './auth/login.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import { Logout } from './auth/logout.js';
import { LogoutAll } from './auth/logout-all.js';
import { PurgeRefreshTokens } from './auth/purge-refresh-tokens.js';
import { RefreshSession } from './auth/refresh-session.js';
import { CreateProduct } from './catalog/create-product.js';
import { GetProduct } from './catalog/get-product.js';
import { GetProductsByIds } from './catalog/get-products-by-ids.js';
import { ListProducts } from './catalog/list-products.js';
import { RestockProduct } from './catalog/restock-product.js';
import { UpdateProduct } from './catalog/update-product.js';
import type { JobQueue } from './jobs/job-queue.js';
import { JobsSummary } from './jobs/jobs-summary.js';
import { ListFailedJobs } from './jobs/list-failed-jobs.js';
import { RetryFailedJob } from './jobs/retry-failed-job.js';
import { CancelOrder } from './orders/cancel-order.js';
import { GetOrder } from './orders/get-order.js';
import { ListOrders } from './orders/list-orders.js';
import { PlaceOrder } from './orders/place-order.js';
import { SalesReport } from './orders/sales-report.js';
import { BuildSalesExport } from './reports/build-sales-export.js';
import { GetSalesExport } from './reports/get-sales-export.js';
import { ReadSalesExportCsv } from './reports/read-sales-export-csv.js';
import { RequestSalesExport } from './reports/request-sales-export.js';
import { SetOrderStatus } from './orders/set-order-status.js';
import type { Mailer } from './mail/mailer.js';
import { PurgeSentEvents } from './events/purge-sent-events.js';
import { SendEventMail } from './mail/send-event-mail.js';
import { SettlePlacements } from './orders/settle-placements.js';
import type { Clock } from './shared/clock.js';
import { alwaysAvailable } from './shared/store-availability.js';
import type { Store } from './store.js';
import { CreateUser } from './users/create-user.js';
import { DeleteUser } from './users/delete-user.js';
import { GetUser } from './users/get-user.js';
import { GetUsersByIds } from './users/get-users-by-ids.js';
import { ListUsers } from './users/list-users.js';
import type { PasswordHasher } from './users/password-hasher.js';
import { UpdateUser } from './users/update-user.js';

export interface CoreDeps {
  store: Pick<Store, 'users' | 'refreshTokens' | 'products' | 'orders' | 'salesExports' | 'availability' | 'sentMail' | 'outbox'>;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  clock: Clock;
  /** Refresh token lifetime in seconds. */
  refreshTokenTtl: number;
  /** Failed-login limits; none when omitted (RATE_LIMIT=off, the CLI). */
  loginThrottle?: LoginThrottle;
  /** Where event mail goes, and the sender's domain for Message-IDs; no mail use case without it (the CLI, the API when a worker process sends). */
  mail?: { mailer: Mailer; domain: string };
  /** The job queue, for the operator's job use cases; without one they answer SERVICE_UNAVAILABLE. */
  jobs?: JobQueue;
}

/** Every use case, wired to one set of ports. Each entry point receives this and nothing else from the core. */
export function createUseCases({ store, hasher, accessTokens, clock, refreshTokenTtl, loginThrottle, mail, jobs }: CoreDeps) {
  const { users, refreshTokens, products, orders, salesExports: exports, availability = alwaysAvailable, sentMail, outbox } = store;
  const sessions = { refreshTokens, accessTokens, clock, refreshTokenTtl };
  return {
    createUser: new CreateUser({ users, hasher, clock, availability }),
    getUser: new GetUser({ users }),
    getUsersByIds: new GetUsersByIds({ users }),
    listUsers: new ListUsers({ users }),
    updateUser: new UpdateUser({ users, refreshTokens, hasher, clock, availability }),
    deleteUser: new DeleteUser({ users, refreshTokens }),
    login: new Login({ ...sessions, users, hasher, throttle: loginThrottle, availability }),
    refreshSession: new RefreshSession({ ...sessions, users }),
    logout: new Logout({ refreshTokens, clock }),
    logoutAll: new LogoutAll({ users, refreshTokens, clock }),
    authenticate: new Authenticate({ accessTokens, users }),
    createProduct: new CreateProduct({ products, clock }),
    getProduct: new GetProduct({ products }),
    getProductsByIds: new GetProductsByIds({ products }),
    listProducts: new ListProducts({ products }),
    updateProduct: new UpdateProduct({ products, clock }),
    restockProduct: new RestockProduct({ products, clock }),
    placeOrder: new PlaceOrder({ orders, clock }),
    getOrder: new GetOrder({ orders }),
    listOrders: new ListOrders({ orders }),
    cancelOrder: new CancelOrder({ orders, clock }),
    setOrderStatus: new SetOrderStatus({ orders, clock }),
    salesReport: new SalesReport({ orders }),
    requestSalesExport: new RequestSalesExport({ exports, clock }),
    getSalesExport: new GetSalesExport({ exports }),
    readSalesExportCsv: new ReadSalesExportCsv({ exports }),
    /** The worker's: builds a requested export's CSV. */
    buildSalesExport: new BuildSalesExport({ exports, orders, products, clock }),
    /** Present where this process sends the mail events call for (a worker). */
    sendEventMail: mail ? new SendEventMail({ users, orders, products, sentMail, clock, ...mail }) : undefined,
    settlePlacements: new SettlePlacements({ orders, clock }),
    purgeRefreshTokens: new PurgeRefreshTokens({ refreshTokens, clock }),
    purgeSentEvents: new PurgeSentEvents({ outbox, clock }),
    jobsSummary: new JobsSummary({ jobs }),
    listFailedJobs: new ListFailedJobs({ jobs }),
    retryFailedJob: new RetryFailedJob({ jobs }),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;

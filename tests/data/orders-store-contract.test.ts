/**
 * The catalog and orders store contract: the cases in ./contracts/, run on
 * every store whose adapter is built (ORDERS_STORE_KINDS).
 */
import { ORDERS_STORE_KINDS } from '../support/orders-stores.js';
import { describeEachStore } from '../support/stores.js';
import { catalogContract } from './contracts/catalog-contract.js';
import { ordersContract } from './contracts/orders-contract.js';

describeEachStore('product repository', (fixture) => catalogContract(fixture), ORDERS_STORE_KINDS);
describeEachStore('order repository', (fixture) => ordersContract(fixture), ORDERS_STORE_KINDS);

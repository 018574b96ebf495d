/**
 * The catalog and orders store contract: the cases in ./contracts/, run on
 * every store.
 */
import { describeEachStore } from '../support/stores.js';
import { catalogContract } from './contracts/catalog-contract.js';
import { ordersContract } from './contracts/orders-contract.js';

describeEachStore('product repository', (fixture) => catalogContract(fixture));
describeEachStore('order repository', (fixture) => ordersContract(fixture));

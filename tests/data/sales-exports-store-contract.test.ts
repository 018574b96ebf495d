import { describeEachStore } from '../support/stores.js';
import { salesExportsContract } from './contracts/sales-exports-contract.js';

describeEachStore('sales export repository', (fixture) => salesExportsContract(fixture));

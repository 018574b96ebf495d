import { storeKinds, describeEachStore } from '../support/stores.js';
import { outboxContract } from './contracts/outbox-contract.js';

describeEachStore('outbox', (fixture) => outboxContract(fixture), storeKinds);

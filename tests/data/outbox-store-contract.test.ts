import { mongoStore } from '../support/mongo-stores.js';
import { memoryStore, describeEachStore } from '../support/stores.js';
import { outboxContract } from './contracts/outbox-contract.js';

describeEachStore('outbox', (fixture) => outboxContract(fixture), [memoryStore, mongoStore]);

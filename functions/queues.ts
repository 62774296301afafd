import { registerQueue } from "../shared/hosting/registerQueue";
import { QUEUE_CATALOG } from "../shared/queue/queueCatalog";

/**
 * Queues: one function per queue of the catalog and one per poison queue (deltaPage, deltaPagePoison, provisionUser,
 * provisionUserPoison, provisionFollowUp, provisionFollowUpPoison, provisionGroup, provisionGroupPoison, driftScanPage,
 * driftScanPagePoison). Each checks the message against its queue's schema, then
 * runs the queue's handler from shared/engine/QUEUE_HANDLERS.ts; poison handlers record the failure.
 */
for (const queue of Object.values(QUEUE_CATALOG)) registerQueue(queue);

// A partner's relay in Node.js, written from the published .proto files alone: packs an intel
// alert into a replication event (google.protobuf.Any), delivers it in one batch over
// ReplicationService.Deliver with the bearer token given, and prints the acknowledgement as JSON.
//
// Usage: node deliver-alert.mjs <proto dir> <host:port> <alert json file>
//   BORDER_TOKEN: the bearer token (a peer token of the sending jurisdiction); none: no header
// The alert json holds the Alert's fields (proto field names) and the event's "eventId",
// "distribution"; enum values by name, timestamps as {"seconds": n}. Without an alert "id" the
// sender creates one as docs/protocol.md section 4 says: a UUID of version 8 whose first six hex
// digits are the origin's GB/T 2260 code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const [protoDir, target, alertFile] = process.argv.slice(2);
if (!protoDir || !target || !alertFile) {
  console.error('usage: node deliver-alert.mjs <proto dir> <host:port> <alert json file>');
  process.exit(2);
}
const input = JSON.parse(readFileSync(alertFile, 'utf8'));
if (!input.alert.id) {
  input.alert.id = recordId(input.alert.origin);
}

/** A record id created by this jurisdiction: version 8, the code's six digits first, 98 random bits. */
function recordId(code) {
  const b = randomBytes(16);
  for (let i = 0; i < 3; i++) {
    b[i] = parseInt(code.substring(2 * i, 2 * i + 2), 16);
  }
  b[6] = (b[6] & 0x0f) | 0x80; // version 8
  b[8] = (b[8] & 0x3f) | 0x80; // variant of RFC 9562
  const hex = b.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

// the payload: an Alert message encoded by protobufjs from border/intel/v1/alert.proto
const root = new protobuf.Root();
root.resolvePath = (origin, target) =>
  target.startsWith('google/protobuf/') ? target : path.join(protoDir, target);
root.loadSync('border/intel/v1/alert.proto', { keepCase: true });
const Alert = root.lookupType('border.intel.v1.Alert');
const alert = Alert.fromObject(input.alert);
const problem = Alert.verify(alert);
if (problem) {
  console.error('not an Alert: ' + problem);
  process.exit(2);
}
const payload = {
  type_url: 'type.googleapis.com/border.intel.v1.Alert',
  value: Buffer.from(Alert.encode(alert).finish()),
};

// the service: loaded with @grpc/proto-loader from border/replication/v1/replication.proto
const definition = protoLoader.loadSync('border/replication/v1/replication.proto', {
  includeDirs: [protoDir],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
});
const replication = grpc.loadPackageDefinition(definition).border.replication.v1;
const client = new replication.ReplicationService(target, grpc.credentials.createInsecure());

const metadata = new grpc.Metadata();
if (process.env.BORDER_TOKEN) {
  metadata.set('authorization', 'Bearer ' + process.env.BORDER_TOKEN);
}
const batch = {
  batch_id: randomUUID(),
  sender: input.alert.origin,
  events: [
    {
      event_id: input.eventId,
      origin: input.alert.origin,
      record_type: 'intel.alert',
      record_id: input.alert.id,
      version: String(input.alert.version),
      occurred_at: input.alert.updated_at,
      distribution: input.distribution,
      tombstone: false,
      payload,
    },
  ],
};

const deadline = new Date(Date.now() + 60_000);
const call = client.Deliver(metadata, { deadline });
let ack = null;
call.on('data', (message) => {
  ack = message;
  call.end();
});
call.on('error', (e) => {
  console.log(JSON.stringify({ status: grpc.status[e.code], details: e.details, recordId: input.alert.id }));
  process.exit(0);
});
call.on('end', () => {
  console.log(JSON.stringify({ status: 'OK', recordId: input.alert.id, ack }));
  process.exit(0);
});
call.write(batch);

// tahu-payloads.js: Sparkplug B payloads encoded by Eclipse Tahu's JavaScript library
// (npm sparkplug-payload, the reference implementation), one per case, printed as a
// JSON object {"case": "base64", …}. test-sparkplug-tahu decodes them with our
// sparkplug_b.proto and compares with the JSON it expects: a wrong field number in
// our .proto shows here, where our own simulator would round-trip it unnoticed.
//
// Run with NODE_PATH=tests/node/node_modules.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const sparkplug = require('sparkplug-payload').get('spBv1.0');
const Long = require('long');
// The library's generated protobufjs types: the array datatypes (Sparkplug 3.0) have
// no helper in sparkplug-payload 1.0.3, so those metrics are built on its own types.
const proto = require('sparkplug-payload/lib/sparkplugPayloadProto').org.eclipse.tahu.protobuf;

const out = {};
const b64 = (buffer) => Buffer.from(buffer).toString('base64');

out['nbirth-scalars'] = b64(sparkplug.encodePayload({
  timestamp: 1765100001000,
  seq: 0,
  metrics: [
    { name: 'bdSeq', type: 'UInt64', value: 3 },
    { name: 'Int8', alias: 1, type: 'Int8', value: -5 },
    { name: 'Int16', alias: 2, type: 'Int16', value: -300 },
    { name: 'Int32', alias: 3, type: 'Int32', value: -70000 },
    { name: 'Int64', alias: 4, type: 'Int64', value: Long.fromString('-5000000000') },
    { name: 'UInt8', alias: 5, type: 'UInt8', value: 200 },
    { name: 'UInt16', alias: 6, type: 'UInt16', value: 60000 },
    { name: 'UInt32', alias: 7, type: 'UInt32', value: 4000000000 },
    { name: 'UInt64', alias: 8, type: 'UInt64', value: Long.fromString('18446744073709551615', true) },
    { name: 'Temperature', alias: 9, type: 'Float', value: 22.25, timestamp: 1765100001000 },
    { name: 'Pi', alias: 10, type: 'Double', value: 3.141592653589793 },
    { name: 'Running', alias: 11, type: 'Boolean', value: true },
    { name: 'State', alias: 12, type: 'String', value: 'läuft "gut"' },
    { name: 'Since', alias: 13, type: 'DateTime', value: 1765100000000 },
    { name: 'Notes', alias: 14, type: 'Text', value: 'line 1\nline 2' },
    { name: 'Id', alias: 15, type: 'UUID', value: '0b0e7c1e-5a3f-4a53-9d3c-1f2a3b4c5d6e' },
    { name: 'Raw', alias: 16, type: 'Bytes', value: Buffer.from([0, 1, 2, 254, 255]) },
    { name: 'Recipe', alias: 17, type: 'File', value: Buffer.from('G1 X0'),
      metadata: { isMultiPart: false, contentType: 'text/plain', size: 5, seq: 0,
                  fileName: 'recipe.gcode', fileType: 'gcode', md5: 'abc',
                  description: 'a recipe' } },
    { name: 'Missing', alias: 18, type: 'Int32', value: null },
    { name: 'Speed', alias: 19, type: 'Double', value: 1.5, isHistorical: true,
      properties: {
        engUnit: { type: 'String', value: 'm/s' },
        max: { type: 'Int32', value: 10 },
        readOnly: { type: 'Boolean', value: false },
        nothing: { type: 'Float', value: null },
        limits: { type: 'PropertySet', value: { low: { type: 'Double', value: 0.5 } } },
        ranges: { type: 'PropertySetList', value: [{ a: { type: 'Int64', value: 1 } }] },
      } },
  ],
}));

// By alias only, without datatypes (a DATA may leave them to the birth): on the
// library's own protobufjs types, as its helper insists on a type.
out['ndata-alias'] = b64(proto.Payload.encode(proto.Payload.create({
  timestamp: Long.fromNumber(1765100002000, true),
  seq: Long.fromNumber(1, true),
  metrics: [
    proto.Payload.Metric.create({ alias: Long.fromNumber(9, true),
      timestamp: Long.fromNumber(1765100002000, true), floatValue: 23.5 }),
    proto.Payload.Metric.create({ alias: Long.fromNumber(3, true), intValue: 4294967295 }),
  ],
})).finish());

out['ndata-gap'] = b64(sparkplug.encodePayload({
  timestamp: 1765100003000,
  seq: 3,
  metrics: [{ alias: 11, type: 'Boolean', value: false }],
}));

out['ndeath'] = b64(sparkplug.encodePayload({
  timestamp: 1765100004000,
  metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }],
}));

out['dataset'] = b64(sparkplug.encodePayload({
  timestamp: 1765100001000,
  seq: 2,
  metrics: [{
    name: 'Orders', alias: 30, type: 'DataSet',
    value: {
      numOfColumns: 5,
      columns: ['id', 'part', 'weight', 'done', 'serial'],
      types: ['Int32', 'String', 'Double', 'Boolean', 'UInt64'],
      rows: [
        [-7, 'bolt', 0.25, true, Long.fromString('9223372036854775808', true)],
        [8, 'nut', 1, false, 42],
      ],
    },
  }],
}));

out['template'] = b64(sparkplug.encodePayload({
  timestamp: 1765100001000,
  seq: 0,
  metrics: [
    {
      name: 'Motor', type: 'Template',
      value: {
        isDefinition: true, version: '1.0',
        metrics: [
          { name: 'RPM', type: 'Int32', value: 0 },
          { name: 'Bearing', type: 'Template',
            value: { templateRef: 'Bearing', isDefinition: false,
                     metrics: [{ name: 'Temp', type: 'Float', value: 40.5 }] } },
        ],
        parameters: [
          { name: 'Poles', type: 'Int32', value: 4 },
          { name: 'Vendor', type: 'String', value: 'ACME' },
        ],
      },
    },
    {
      name: 'Motor1', alias: 40, type: 'Template',
      value: { templateRef: 'Motor', isDefinition: false,
               metrics: [{ name: 'RPM', type: 'Int32', value: 1480 }],
               parameters: [{ name: 'Poles', type: 'Int32', value: 2 }] },
    },
  ],
}));

out['uuid-body'] = b64(sparkplug.encodePayload({
  timestamp: 1765100001000,
  metrics: [],
  uuid: 'my-uuid',
  body: Buffer.from('hello'),
}));

// The array datatypes: little-endian elements in bytes_value (Sparkplug 3.0, 6.4.17).
const le = (size, values, write) => {
  const b = Buffer.alloc(size * values.length);
  values.forEach((v, i) => write(b, v, i * size));
  return b;
};
const strings = (list) => Buffer.concat(list.map((s) => Buffer.from(s + '\0')));
const booleans = (list) => {
  const b = Buffer.alloc(4 + Math.ceil(list.length / 8));
  b.writeUInt32LE(list.length, 0);
  list.forEach((v, i) => { if (v) b[4 + (i >> 3)] |= 0x80 >> (i & 7); });
  return b;
};
const arrayMetric = (name, datatype, bytesValue) =>
  proto.Payload.Metric.create({ name, datatype, bytesValue });
out['arrays'] = b64(proto.Payload.encode(proto.Payload.create({
  timestamp: Long.fromNumber(1765100001000, true),
  seq: Long.fromNumber(4, true),
  metrics: [
    arrayMetric('i8', 22, le(1, [-1, 127], (b, v, o) => b.writeInt8(v, o))),
    arrayMetric('i16', 23, le(2, [-2, 300], (b, v, o) => b.writeInt16LE(v, o))),
    arrayMetric('i32', 24, le(4, [-3, 70000], (b, v, o) => b.writeInt32LE(v, o))),
    arrayMetric('i64', 25, le(8, [-4n, 5000000000n], (b, v, o) => b.writeBigInt64LE(v, o))),
    arrayMetric('u8', 26, le(1, [255, 0], (b, v, o) => b.writeUInt8(v, o))),
    arrayMetric('u16', 27, le(2, [65535, 1], (b, v, o) => b.writeUInt16LE(v, o))),
    arrayMetric('u32', 28, le(4, [4294967295, 2], (b, v, o) => b.writeUInt32LE(v, o))),
    arrayMetric('u64', 29, le(8, [18446744073709551615n, 3n], (b, v, o) => b.writeBigUInt64LE(v, o))),
    arrayMetric('f', 30, le(4, [1.5, -0.25], (b, v, o) => b.writeFloatLE(v, o))),
    arrayMetric('d', 31, le(8, [0.1, 1e300], (b, v, o) => b.writeDoubleLE(v, o))),
    arrayMetric('b', 32, booleans([false, false, true, true, false, true, false, false, true, true, false, true])),
    arrayMetric('s', 33, strings(['ab', '', 'ç'])),
    arrayMetric('t', 34, le(8, [1765100001000n, 0n], (b, v, o) => b.writeBigInt64LE(v, o))),
  ],
})).finish());

process.stdout.write(JSON.stringify(out) + '\n');

import { DefaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';

// Anyone who reaches Temporal can send a signal or an Update whose payload no converter reads (an
// unknown encoding, broken JSON). The SDK's converter throws on it, and a throw while decoding a
// message fails every workflow task of the run: the workflow stops answering. This converter reads
// such a payload as a marker value instead, which every message schema refuses: the signal is logged
// and ignored, the Update refused, and the workflow goes on.

export interface UndecodablePayload {
  undecodablePayload: string;
}

class TolerantPayloadConverter implements PayloadConverter {
  private readonly inner = new DefaultPayloadConverter();

  toPayload<T>(value: T): Payload {
    return this.inner.toPayload(value);
  }

  fromPayload<T>(payload: Payload): T {
    try {
      return this.inner.fromPayload<T>(payload);
    } catch {
      const encoding = payload.metadata?.encoding;
      const name = encoding ? String.fromCharCode(...encoding.subarray(0, 64)) : 'không rõ';
      return { undecodablePayload: name } satisfies UndecodablePayload as T;
    }
  }
}

export const payloadConverter: PayloadConverter = new TolerantPayloadConverter();

import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

/**
 * A Fastify `serverFactory` that lets `fast` answer some requests before Fastify sees them
 * (`fast` returns true when it did).
 */
export const withFastPath = (fast: (req: IncomingMessage, res: ServerResponse) => boolean) =>
  (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    createServer((req, res) => {
      if (!fast(req, res)) handler(req, res);
    });

// Child process: bare node:http answering every request with the same JSON body (the baseline).
import { createServer } from 'node:http';

const [port, body] = [Number(process.argv[2]), process.argv[3]];
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
process.on('message', () => process.exit(0));

// The first ceiling: a bare node:http server answering "hello".
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3900);
createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello');
}).listen(port, '127.0.0.1', () => console.log(`ready ${port}`));

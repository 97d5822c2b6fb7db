// Same variables a `taro build --mode test` would inline (see .env.test), and the h5 platform.
import path from 'node:path';

process.loadEnvFile(path.join(__dirname, '..', '.env.test'));
process.env.TARO_ENV = 'h5';

import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';

import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Entry parameters are read by the entry page itself (pages/index), not here.
  });

  // children is the page being rendered
  return children;
}

export default App;

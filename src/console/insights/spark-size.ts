/** The sparkline's box, known to the page before the chart's chunk arrives, so nothing moves when it does. */
export const SPARK_WIDTH = 112;
export const SPARK_HEIGHT = 32;

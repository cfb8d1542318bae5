/**
 * Collective operations between the ranks of a data-parallel run, over plain NIO sockets: the ring all-reduce of the
 * flattened gradients ({@link org.tubelet.spark.collective.RingAllReduce}) and the small all-gathers (weight
 * checksums, barriers) built on the same ring. Needs no Spark: Spark only starts the ranks and tells each the others'
 * addresses.
 */
package org.tubelet.spark.collective;

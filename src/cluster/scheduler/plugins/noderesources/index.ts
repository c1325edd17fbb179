export { NodeResourcesFit, insufficientResources, leastAllocatedScore } from './fit';
export { NodeResourcesBalancedAllocation, balancedAllocationScore } from './balancedAllocation';
